// Draws the training-loss curves that scripts/bench/degradation.jsh wrote ($OUT/<name>.csv) as one
// chart, the way lesson 05 section 6 draws them (mean of neighbouring iterations), and writes it as
// a static SVG for docs/results.md:
//
//   OUT=docs/results/lesson05 jshell --class-path "$(ls kernel/target/lib/*.jar | tr '\n' ':')" \
//     scripts/bench/degradation_chart.jsh
import io.github.resnetcourse.kit.plot.*;
import io.github.resnetcourse.kit.notebook.MimeBundle;
var dir = java.nio.file.Paths.get(System.getenv().getOrDefault("OUT", "/tmp"));
var curves = new java.util.ArrayList<Series>();
int iterations = Integer.MAX_VALUE;
for (String name : new String[] {"plain-20", "plain-56", "ResNet-20", "ResNet-56"}) {
    var lines = java.nio.file.Files.readAllLines(dir.resolve(name + ".csv"));
    iterations = Math.min(iterations, lines.size() - 1);
}
for (String name : new String[] {"plain-20", "plain-56", "ResNet-20", "ResNet-56"}) {
    // Columns: iteration,epoch,batch,loss,...; every network cut to the iterations all of them reached.
    var rows = java.nio.file.Files.readAllLines(dir.resolve(name + ".csv")).subList(1, iterations + 1);
    double[] x = rows.stream().mapToDouble(r -> Double.parseDouble(r.split(",")[0])).toArray();
    double[] y = rows.stream().mapToDouble(r -> Double.parseDouble(r.split(",")[3])).toArray();
    curves.add(Series.of(name, x, y).averagedTo(Math.max(1, iterations / 5)));
}
var chart = Charts.lines("Training loss, plain vs residual (SGD 0.1, batch 128, mean of 5 iterations)",
        "iteration", "training loss", curves.toArray(Series[]::new));
var svg = chart.toBundle().data().get(MimeBundle.SVG);
java.nio.file.Files.writeString(dir.resolve("degradation.svg"), svg);
System.out.println("Wrote " + dir.resolve("degradation.svg") + " (" + iterations + " iterations per network)");
/exit
