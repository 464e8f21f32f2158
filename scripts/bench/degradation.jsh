// Lesson 05's degradation experiment (section 6 of notebooks/05-inside-the-residual.ipynb) outside
// the notebook, at full mode's batch size, for docs/results.md. The same Learner calls as the
// notebook's cell; the data is whatever Datasets.cifar10 finds for COURSE_MODE (smoke: the
// generated twin). Writes one CSV of per-iteration losses per network to $OUT (default /tmp).
//
//   COURSE_MODE=smoke COURSE_EPOCHS=3 COURSE_MAX_BATCHES=100000 OUT=/tmp/deg \
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
int batchSize = 128;
var train = Datasets.cifar10(Split.TRAIN, batchSize, Pipelines.cifarTest());
System.out.println(env + ": " + train.size() + " training images, batch " + batchSize);
var nets = new java.util.LinkedHashMap<String, ImageClassifier>();
nets.put("plain-20", ResNets.cifar(20, Shortcuts.NONE));
nets.put("plain-56", ResNets.cifar(56, Shortcuts.NONE));
nets.put("ResNet-20", ResNets.cifar(20, Shortcuts.RESIDUAL));
nets.put("ResNet-56", ResNets.cifar(56, Shortcuts.RESIDUAL));
for (var e : nets.entrySet()) {
    var learner = Learner.builder()
            .setModel(e.getValue())
            .setData(train, null)
            .optOptimizer(Sgd.builder().optMomentum(0.9f).optWeightDecay(1e-4f).build())
            .optLearningRate(0.1)
            .optCallbacks(Progress.everyBatches(20))
            .build();
    long start = System.nanoTime();
    var history = learner.fit(env.epochs(2));
    double seconds = (System.nanoTime() - start) / 1e9;
    history.writeBatchCsv(out.resolve(e.getKey() + ".csv"));
    double[] l = history.batchLosses();
    System.out.println(String.format("RESULT %s: %d iterations in %.0f s (%.2f s/iteration), first loss %.3f, mean of last 10 %.3f",
            e.getKey(), l.length, seconds, seconds / l.length, l[0],
            java.util.Arrays.stream(l, Math.max(0, l.length - 10), l.length).average().orElseThrow()));
}
/exit
