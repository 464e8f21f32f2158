// Lesson 04 training/evaluation rates (docs/results.md): ResNet50V2 + Dense(4), 224 px, batch 16.
// Run: mvn -q -pl kit dependency:build-classpath -Dmdep.outputFile=cp.txt; CP=$(cat kit/cp.txt):kit/target/classes
//      javac -cp $CP -d /tmp/rate bench/lesson04/Rate.java && java -Dai.djl.pytorch.num_threads=2 -cp $CP:/tmp/rate Rate 3
import ai.djl.ndarray.*; import ai.djl.ndarray.types.*; import ai.djl.training.dataset.ArrayDataset;
import io.github.resnetcourse.kit.models.*; import io.github.resnetcourse.kit.train.*; import io.github.resnetcourse.kit.eval.*;
import java.lang.management.ManagementFactory;
/** Lesson 04's training and evaluation rates: ResNet50V2 + Dense(4), 224 px, batch 16, Adam 1e-4. */
public class Rate { public static void main(String[] a) throws Exception {
  var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  int batch = 16, batches = Integer.parseInt(a[0]);
  try (var base = ResNets.resnet50V2(); var model = base.withHead(Head.linear(4)); NDManager m = NDManager.newBaseManager()) {
    int n = batch * batches;
    var data = new ArrayDataset.Builder().setData(m.randomUniform(-1f, 1f, new Shape(n, 3, 224, 224)))
        .optLabels(m.randomInteger(0, 4, new Shape(n), DataType.INT32).toType(DataType.FLOAT32, false)).setSampling(batch, false).build();
    var learner = Learner.builder().setModel(model).setData(data, null).optOptimizer(OptimizerFactory.adam())
        .optLearningRate(1e-4).optLoss(Losses.crossEntropy()).optNoProgress().build();
    for (int rep = 0; rep < 2; rep++) {
      long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
      learner.fit(1);
      long c1 = os.getProcessCpuTime(), t1 = System.nanoTime();
      var r = Evaluator.of(model.block(), Losses.crossEntropy()).evaluate(data, m);
      long c2 = os.getProcessCpuTime(), t2 = System.nanoTime();
      System.out.printf("%s: train %d images: wall %.1f s, cpu %.1f s (%.3f cpu-s/img) | eval: wall %.1f s, cpu %.1f s (%.3f cpu-s/img) | load %.1f%n",
        rep == 0 ? "warm-up" : "measured", n, (t1-t0)/1e9, (c1-c0)/1e9, (c1-c0)/1e9/n, (t2-t1)/1e9, (c2-c1)/1e9, (c2-c1)/1e9/n, os.getSystemLoadAverage());
    }
    System.out.printf("peak RSS (VmHWM): %s%n", java.nio.file.Files.readAllLines(java.nio.file.Paths.get("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM")).findFirst().orElse("?"));
  }
}}
