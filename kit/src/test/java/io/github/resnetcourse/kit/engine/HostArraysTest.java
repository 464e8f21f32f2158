package io.github.resnetcourse.kit.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class HostArraysTest {

    @Test
    void copiesTheValuesInTheGivenShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] data = {1, 2, 3, 4, 5, 6};
            NDArray a = HostArrays.floats(m, data, new Shape(2, 3));
            assertEquals(new Shape(2, 3), a.getShape());
            assertEquals(DataType.FLOAT32, a.getDataType());
            assertArrayEquals(data, a.toFloatArray(), 0f);
            assertEquals(2f, a.get(0, 1).getFloat(), 0f);
        }
    }

    @Test
    void eachArrayHasMemoryOfItsOwn() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray first = HostArrays.floats(m, new float[] {1, 2, 3}, new Shape(3));
            NDArray second = HostArrays.floats(m, new float[] {7, 8, 9}, new Shape(3));
            NDArray bigger = HostArrays.floats(m, new float[] {4, 5, 6, 7, 8}, new Shape(5));
            assertArrayEquals(new float[] {1, 2, 3}, first.toFloatArray(), 0f);
            assertArrayEquals(new float[] {7, 8, 9}, second.toFloatArray(), 0f);
            assertArrayEquals(new float[] {4, 5, 6, 7, 8}, bigger.toFloatArray(), 0f);
            HostArrays.floats(m, new float[] {0, 0}, new Shape(2));
            assertArrayEquals(new float[] {4, 5, 6, 7, 8}, bigger.toFloatArray(), 0f);
        }
    }

    @Test
    void theDataMutatedAfterwardsDoesNotReachTheArray() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] data = {1, 2};
            NDArray a = HostArrays.floats(m, data, new Shape(2));
            data[0] = 42;
            assertArrayEquals(new float[] {1, 2}, a.toFloatArray(), 0f);
        }
    }

    @Test
    void aShapeThatDoesNotFitTheDataNamesBoth() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> HostArrays.floats(m, new float[5], new Shape(2, 3)));
            assertTrue(
                    e.getMessage().contains("(2, 3)") && e.getMessage().contains("5"),
                    e.getMessage());
        }
    }

    @Test
    void aManagerClosedBeforeTheCopyEndsGetsAnErrorNotAWriteIntoFreedMemory() {
        // A data-loader worker can still be decoding when its batch's manager closes.
        NDManager closed = NDManager.newBaseManager();
        closed.close();
        assertThrows(
                IllegalStateException.class,
                () -> HostArrays.floats(closed, new float[] {1, 2}, new Shape(2)));
    }
}
