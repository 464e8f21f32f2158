package io.github.resnetcourse.kit.data;

import io.github.resnetcourse.kit.fetch.Sizes;
import io.github.resnetcourse.kit.notebook.Env;
import io.github.resnetcourse.kit.setup.Asset;
import io.github.resnetcourse.kit.setup.AssetCatalog;
import java.util.Arrays;
import java.util.List;

/** The datasets of {@link DatasetCatalog}, as the doctor lists them. */
public final class DatasetAssets implements AssetCatalog {
    /** Used by {@link java.util.ServiceLoader}. */
    public DatasetAssets() {}

    @Override
    public List<Asset> assets(Env env) {
        return Arrays.stream(DatasetCatalog.values())
                .map(
                        d ->
                                new Asset(
                                        Asset.Kind.DATASET,
                                        d.id()
                                                + (d.isPresent(env.synthDir())
                                                        ? " (generated twin present)"
                                                        : ""),
                                        env.dataDir().resolve(d.folder()),
                                        d.isPresent(env.dataDir()),
                                        Sizes.human(d.downloadBytes()),
                                        "./course data fetch " + d.id()))
                .toList();
    }
}
