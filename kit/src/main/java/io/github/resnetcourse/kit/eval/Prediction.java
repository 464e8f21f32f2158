package io.github.resnetcourse.kit.eval;

/**
 * One sample's prediction.
 *
 * @param predicted the most probable class
 * @param probability its softmax probability
 * @param topClasses the k most probable classes, most probable first
 * @param topProbabilities their probabilities
 */
public record Prediction(
        int predicted, double probability, int[] topClasses, double[] topProbabilities) {

    /** Whether the prediction equals {@code label}. */
    public boolean isCorrect(long label) {
        return predicted == label;
    }
}
