package io.github.resnetcourse.kit.cli;

import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.weights.Weights;
import java.util.Arrays;
import java.util.List;

/** The pretrained weight files of {@link Weights}, as the doctor lists them. */
public final class WeightsCatalog implements AssetCatalog {
    /** Used by {@link java.util.ServiceLoader}. */
    public WeightsCatalog() {}

    @Override
    public List<Asset> assets(Env env) {
        return Arrays.stream(Weights.values())
                .map(
                        w ->
                                new Asset(
                                        Asset.Kind.WEIGHTS,
                                        w.name(),
                                        w.file(env),
                                        w.isPresent(env),
                                        w.sizeText(),
                                        w.fetchCommand()))
                .toList();
    }
}
