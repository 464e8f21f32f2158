package io.github.resnetcourse.kit.weights;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The layers of a Keras ResNet V2 ({@code applications/resnet_v2.py}) in the order Keras lists them
 * ({@code model.layers}: a functional model sorts its layers by depth, so a block's {@code 0_conv}
 * shortcut comes after its {@code 2_relu}), layers without weights included. Keras' plain {@code
 * load_weights} matches a file's weighted layers to the model's by this order, not by name.
 */
final class KerasLayerOrder {
    private KerasLayerOrder() {}

    /**
     * The full layer list of the ResNet V2 whose weighted layers are {@code weighted} (names such
     * as {@code conv2_block1_preact_bn}); stages and their block counts are read from the names.
     *
     * @throws IllegalArgumentException if a weighted layer does not belong to a ResNet V2
     */
    static List<String> resnetV2(Set<String> weighted) {
        List<String> order = new ArrayList<>(List.of("input_1", "conv1_pad", "conv1_conv"));
        order.addAll(List.of("pool1_pad", "pool1_pool"));
        int pools = 0;
        int lastStage = 5;
        for (int s = 2; s <= lastStage; s++) {
            int blocks = 0;
            while (weighted.contains("conv" + s + "_block" + (blocks + 1) + "_preact_bn")) {
                blocks++;
            }
            for (int b = 1; b <= blocks; b++) {
                String n = "conv" + s + "_block" + b + "_";
                for (String part :
                        List.of(
                                "preact_bn",
                                "preact_relu",
                                "1_conv",
                                "1_bn",
                                "1_relu",
                                "2_pad",
                                "2_conv",
                                "2_bn",
                                "2_relu")) {
                    order.add(n + part);
                }
                if (weighted.contains(n + "0_conv")) {
                    order.add(n + "0_conv");
                } else if (b == blocks && s < lastStage) {
                    // The strided last block sub-samples its shortcut with an unnamed 1×1
                    // MaxPooling2D, which Keras names by count.
                    order.add(pools == 0 ? "max_pooling2d" : "max_pooling2d_" + pools);
                    pools++;
                }
                order.add(n + "3_conv");
                order.add(n + "out");
            }
        }
        order.addAll(List.of("post_bn", "post_relu", "avg_pool", "predictions"));
        Set<String> unknown = new LinkedHashSet<>(weighted);
        unknown.removeAll(order);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "Not layers of a Keras ResNet V2: " + String.join(", ", unknown));
        }
        return order;
    }
}
