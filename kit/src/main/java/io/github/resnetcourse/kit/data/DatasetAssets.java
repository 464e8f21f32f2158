package io.github.resnetcourse.kit.data;

import io.github.resnetcourse.kit.fetch.Sizes;
import io.github.resnetcourse.kit.setup.Asset;
import io.github.resnetcourse.kit.setup.AssetCatalog;
import io.github.resnetcourse.kit.setup.AssetFolders;
import java.util.Arrays;
import java.util.List;

/** The datasets of {@link DatasetCatalog}, as the doctor lists them. */
public final class DatasetAssets implements AssetCatalog {
    /** Used by {@link java.util.ServiceLoader}. */
    public DatasetAssets() {}

    @Override
    public List<Asset> assets(AssetFolders folders) {
        return Arrays.stream(DatasetCatalog.values())
                .map(
                        d ->
                                new Asset(
                                        Asset.Kind.DATASET,
                                        d.id()
                                                + (d.isPresent(folders.synthDir())
                                                        ? " (generated twin present)"
                                                        : ""),
                                        folders.dataDir().resolve(d.folder()),
                                        d.isPresent(folders.dataDir()),
                                        Sizes.human(d.downloadBytes()),
                                        "./course data fetch " + d.id()))
                .toList();
    }
}
