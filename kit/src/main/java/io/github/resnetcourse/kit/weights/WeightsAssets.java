package io.github.resnetcourse.kit.weights;

import io.github.resnetcourse.kit.cli.Asset;
import io.github.resnetcourse.kit.cli.AssetCatalog;
import io.github.resnetcourse.kit.notebook.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The pretrained weight files, as {@code ./course doctor} and lesson 00 list them. */
public final class WeightsAssets implements AssetCatalog {
    /** For {@link java.util.ServiceLoader}. */
    public WeightsAssets() {}

    @Override
    public List<Asset> assets(Env env) {
        List<Asset> out = new ArrayList<>();
        for (Weights w : Weights.values()) {
            out.add(
                    new Asset(
                            Asset.Kind.WEIGHTS,
                            w.name(),
                            w.file(env),
                            w.isPresent(env),
                            // The publishers list sizes in MiB with three decimals.
                            OptionalLong.of(Math.round(w.megabytes() * (1 << 20))),
                            w.fetchCommand()));
        }
        return out;
    }
}
