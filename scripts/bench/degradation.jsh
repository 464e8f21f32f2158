// Lesson 05's degradation experiment (section 6 of notebooks/05-inside-the-residual.ipynb) outside
// the notebook, at full mode's batch size and optimiser, for docs/results.md. The four networks
// train in rounds of ROUND iterations each, round-robin, so that a run stopped early still has all
// four curves to the same iteration; after every round each network's per-iteration losses are
// written to $OUT/<name>.csv and a line with wall-clock and process CPU time is printed. The data is
// whatever Datasets.cifar10 finds for COURSE_MODE (smoke: the generated CIFAR-format twin).
//
//   COURSE_MODE=smoke COURSE_MAX_BATCHES=100000 ROUNDS=8 ROUND=10 OUT=/tmp/deg \
//     jshell --class-path "$(ls kernel/target/lib/*.jar | tr '\n' ':')" -R-Xmx6g scripts/bench/degradation.jsh
import io.github.resnetcourse.kit.models.*;
import io.github.resnetcourse.kit.train.*;
import io.github.resnetcourse.kit.optim.*;
import io.github.resnetcourse.kit.data.*;
import io.github.resnetcourse.kit.data.transform.*;
import io.github.resnetcourse.kit.notebook.Env;
var env = Env.current();
var out = java.nio.file.Paths.get(System.getenv().getOrDefault("OUT", "/tmp"));
java.nio.file.Files.createDirectories(out);
int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "8"));
int round = Integer.parseInt(System.getenv().getOrDefault("ROUND", "10"));
int batchSize = 128;
var train = Datasets.cifar10(Split.TRAIN, batchSize, Pipelines.cifarTest());
System.out.println(env + ": " + train.size() + " training images, batch " + batchSize);
var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
var nets = new java.util.LinkedHashMap<String, ImageClassifier>();
nets.put("plain-20", ResNets.cifar(20, Shortcuts.NONE));
nets.put("plain-56", ResNets.cifar(56, Shortcuts.NONE));
nets.put("ResNet-20", ResNets.cifar(20, Shortcuts.RESIDUAL));
nets.put("ResNet-56", ResNets.cifar(56, Shortcuts.RESIDUAL));
var learners = new java.util.LinkedHashMap<String, Learner>();
var histories = new java.util.LinkedHashMap<String, History>();
var wall = new java.util.LinkedHashMap<String, Double>();
var cpu = new java.util.LinkedHashMap<String, Double>();
for (var e : nets.entrySet()) {
    var history = new History();
    histories.put(e.getKey(), history);
    learners.put(e.getKey(), Learner.builder()
            .setModel(e.getValue())
            .setData(train, null)
            .optOptimizer(Sgd.builder().optMomentum(0.9).optWeightDecay(1e-4).build())
            .optLearningRate(0.1)
            .optMaxBatches(round)
            .optCallbacks(history)
            .optNoProgress()
            .build());
    wall.put(e.getKey(), 0.0);
    cpu.put(e.getKey(), 0.0);
}
for (int r = 1; r <= rounds; r++) {
    for (var e : learners.entrySet()) {
        String name = e.getKey();
        long w0 = System.nanoTime();
        long c0 = os.getProcessCpuTime();
        e.getValue().fit(1);
        wall.merge(name, (System.nanoTime() - w0) / 1e9, Double::sum);
        cpu.merge(name, (os.getProcessCpuTime() - c0) / 1e9, Double::sum);
        var h = histories.get(name);
        h.writeBatchCsv(out.resolve(name + ".csv"));
        double[] l = h.batchLosses();
        System.out.println(String.format("ROUND %d %s: %d iterations, wall %.0f s (%.2f s/it), cpu %.0f s (%.2f cpu-s/it), loss mean of last %d %.3f, load %.1f",
                r, name, l.length, wall.get(name), wall.get(name) / l.length, cpu.get(name), cpu.get(name) / l.length,
                Math.min(round, l.length), java.util.Arrays.stream(l, Math.max(0, l.length - round), l.length).average().orElseThrow(),
                os.getSystemLoadAverage()));
    }
}
/exit
