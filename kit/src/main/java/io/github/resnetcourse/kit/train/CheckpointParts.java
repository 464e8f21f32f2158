package io.github.resnetcourse.kit.train;

/**
 * The names of a checkpoint's parts (version 4), each the state of one part of a run, as its owner
 * writes it:
 *
 * <table>
 *   <caption>Parts and their owners</caption>
 *   <tr><th>part</th><th>owner</th><th>settings</th><th>arrays</th></tr>
 *   <tr><td>{@code model}</td><td>{@link ModelWeights}</td><td>parameter count</td>
 *       <td>every parameter by name</td></tr>
 *   <tr><td>{@code optimizer}</td><td>{@link Optimization}</td><td>class, settings</td>
 *       <td>{@code exp_avg}, {@code exp_avg_sq}, {@code step}, {@code momentum_buffer}</td></tr>
 *   <tr><td>{@code learning_rate}</td><td>{@link LearningRate}</td><td>rate, group scales</td>
 *       <td></td></tr>
 *   <tr><td>{@code schedule}</td><td>{@link LrSchedule}</td><td>description, progress</td>
 *       <td></td></tr>
 *   <tr><td>{@code freezing}</td><td>{@link Freezing}</td><td>frozen names, batch norm</td>
 *       <td></td></tr>
 *   <tr><td>{@code progress}</td><td>{@link RunProgress}</td><td>epoch, iterations, stage</td>
 *       <td></td></tr>
 *   <tr><td>{@code data_order}</td><td>{@link RunProgress}</td><td>the run's seed</td><td></td></tr>
 *   <tr><td>{@code history}</td><td>{@link History}</td><td>epoch and batch records</td>
 *       <td></td></tr>
 *   <tr><td>{@code run}</td><td>{@link Checkpoint}</td><td>gradient accumulation, time</td>
 *       <td></td></tr>
 *   <tr><td>{@code best_model}</td><td>{@link SaveBestModel}</td><td>metric and value</td>
 *       <td></td></tr>
 *   <tr><td>{@code early_stopping/i}</td><td>{@link EarlyStopping}</td><td>best, counter</td>
 *       <td>best weights, when not the model's</td></tr>
 * </table>
 */
final class CheckpointParts {
    static final String MODEL = "model";
    static final String OPTIMIZER = "optimizer";
    static final String LEARNING_RATE = "learning_rate";
    static final String SCHEDULE = "schedule";
    static final String FREEZING = "freezing";
    static final String PROGRESS = "progress";
    static final String DATA_ORDER = "data_order";
    static final String HISTORY = "history";
    static final String RUN = "run";
    static final String BEST_MODEL = "best_model";
    private static final String EARLY_STOPPING = "early_stopping/";

    private CheckpointParts() {}

    /** The part of the learner's {@code index}-th {@link EarlyStopping} (0-based). */
    static String earlyStopping(int index) {
        return EARLY_STOPPING + index;
    }

    /** The checkpoint's own settings: how the run stepped, and when it was saved. */
    record Run(int gradientAccumulation, String savedAt) {}

    /** What {@link SaveBestModel} chose the checkpoint by. */
    record BestModel(String metric, double value) {}

    /** The model part's settings: how many parameters its arrays hold. */
    record Model(int parameters) {}
}
