// Frozen-feature caching on lesson 03's frozen stage (docs/performance.md, "Frozen-feature
// cache"): ResNet152 at 224 px on a generated Flowers-102 JPEG folder (the real layout and format;
// photos of SIZE px like the real ~500 px ones), batch 32, Adam lr 1e-2 on the Linear(2048, 102)
// + LogSoftmax head, NLL loss, StepLR(7, 0.1) — the notebook's stage 1 settings. It times
// LIVE_EPOCHS live frozen epochs (the backbone runs on every image, augmentation on), then the
// one-off feature extraction, then CACHED_EPOCHS (the seed's 20) epochs of the same head on the
// cached features, then a second lookup that finds the cache. Weights are the architecture's
// random initialisation: the speed of a ResNet152 does not depend on its weights' values.
//
//   ./course setup    # once: builds kit + kernel (kernel/target/lib)
//   PER_CLASS=2 LIVE_EPOCHS=2 CACHED_EPOCHS=20 SIZE=500 OUT=/tmp/feature-cache \
//     GLIBC_TUNABLES=glibc.malloc.hugetlb=1 \
//     jshell --class-path "$(ls kernel/target/lib/*.jar | tr '\n' ':')" -R-Xmx4g -R-XX:+UseSerialGC \
//     scripts/bench/feature_cache.jsh
//
// The last line printed, RESULT, holds every figure; docs/performance.md records one run.
//
// PER_CLASS training images per class (102 classes; 1 validation image per class). Every cost
// here is linear in the number of images, so the per-epoch ratio holds at the real 6,552/818.
import io.github.resnetcourse.kit.data.*;
import io.github.resnetcourse.kit.data.synth.SyntheticData;
import io.github.resnetcourse.kit.data.transform.*;
import io.github.resnetcourse.kit.features.*;
import io.github.resnetcourse.kit.models.*;
import io.github.resnetcourse.kit.train.*;
var env = System.getenv();
int perClass = Integer.parseInt(env.getOrDefault("PER_CLASS", "2"));
int liveEpochs = Integer.parseInt(env.getOrDefault("LIVE_EPOCHS", "2"));
int cachedEpochs = Integer.parseInt(env.getOrDefault("CACHED_EPOCHS", "20"));
int size = Integer.parseInt(env.getOrDefault("SIZE", "500"));
var out = java.nio.file.Paths.get(env.getOrDefault("OUT", "/tmp/feature-cache"));
int batchSize = 32;
var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
String load() throws Exception { return java.nio.file.Files.readString(java.nio.file.Paths.get("/proc/loadavg")).trim(); }
System.out.println("load average at start: " + load());
var root = out.resolve("data");
SyntheticData.builder().setRoot(root).optFlowerClasses(102).optFlowersPerClass(perClass, 1).optFlowerSize(size).build().writeFlowers102();
ImageFolder open(java.nio.file.Path root, Split split) throws Exception {
    return Flowers102.builder(root, split)
            .optTransform(split == Split.TRAIN ? Pipelines.flowersTrain() : Pipelines.flowersValid())
            .optSeed(42)
            .setSampling(batchSize, split == Split.TRAIN)
            .build();
}
var train = open(root, Split.TRAIN);
var valid = open(root, Split.VALID);
System.out.println(String.format("train %d images, valid %d images, batch %d, photos %d px", train.size(), valid.size(), batchSize, size));
Learner.Builder stage1(Learner.Builder b) {
    return b.optOptimizer(OptimizerFactory.adam()).optLearningRate(1e-2).optLoss(Losses.nll())
            .optSchedule(StepLr.of(7, 0.1)).optMaxBatches(Integer.MAX_VALUE).optNoProgress();
}
Reproducibility.seed(42);
var model = ResNets.resnet152().withHead(Head.linearLogSoftmax(102));

// 1. Live: the frozen backbone runs on every image of every epoch (the lesson as it is).
var live = stage1(Learner.builder().setModel(model).setData(train, valid)).build();
live.freeze();
long c0 = os.getProcessCpuTime();
var liveHistory = live.fit(liveEpochs);
double liveCpu = (os.getProcessCpuTime() - c0) / 1e9;
double liveSeconds = liveHistory.epochs().stream().mapToDouble(EpochRecord::seconds).sum() / liveEpochs;
for (var e : liveHistory.epochs()) System.out.println("LIVE " + e);
System.out.println("load average after live: " + load());

// 2. Extraction, once. 3. The head on the cached features.
var cacheDir = out.resolve("cache");
long w0 = System.nanoTime();
c0 = os.getProcessCpuTime();
var features = FrozenFeatures.builder().setModel(model).setData(train, valid).optCacheDir(cacheDir).build();
double buildSeconds = (System.nanoTime() - w0) / 1e9;
double buildCpu = (os.getProcessCpuTime() - c0) / 1e9;
var head = stage1(Learner.builder().setModel(features.trainablePart()).setData(features.train(), features.valid())).build();
c0 = os.getProcessCpuTime();
var cachedHistory = head.fit(cachedEpochs);
double cachedCpu = (os.getProcessCpuTime() - c0) / 1e9;
double cachedTotal = cachedHistory.epochs().stream().mapToDouble(EpochRecord::seconds).sum();
double cachedSeconds = cachedTotal / cachedEpochs;
System.out.println("CACHED first " + cachedHistory.epochs().get(0));
System.out.println("CACHED last  " + cachedHistory.epochs().get(cachedEpochs - 1));

// 4. A second lookup (a rerun of the notebook): hashes weights and data, reads the file.
w0 = System.nanoTime();
var again = FrozenFeatures.builder().setModel(model).setData(train, valid).optCacheDir(cacheDir).build();
double hitSeconds = (System.nanoTime() - w0) / 1e9;
System.out.println("load average at end: " + load());
System.out.println(String.format(java.util.Locale.ROOT,
        "RESULT images train %d valid %d | live frozen epoch %.1f s (cpu %.1f s/epoch) | extraction %.1f s (%d images, whole build %.1f s, cpu %.1f s) | cached epoch %.3f s (cpu %.3f s/epoch) | per-epoch speedup %.0fx | %d frozen epochs: live %.0f s vs extraction + cached %.1f s = %.1fx | cache hit %.1f s (hashing %.1f s)",
        train.size(), valid.size(), liveSeconds, liveCpu / liveEpochs, features.extractionSeconds(), features.extractedImages(), buildSeconds, buildCpu,
        cachedSeconds, cachedCpu / cachedEpochs, liveSeconds / cachedSeconds,
        cachedEpochs, cachedEpochs * liveSeconds, buildSeconds + cachedTotal, cachedEpochs * liveSeconds / (buildSeconds + cachedTotal),
        hitSeconds, again.hashSeconds()));
/exit
