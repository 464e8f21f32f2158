package io.github.resnetcourse.kit.setup;

import java.util.List;

/**
 * A source of {@link Asset}s for the doctor: the kit's dataset and weight registries each provide
 * one, so the environment report lists whatever the kit knows how to fetch without the doctor
 * naming any dataset itself. Implementations are found with {@link java.util.ServiceLoader} (listed
 * in {@code META-INF/services/io.github.resnetcourse.kit.setup.AssetCatalog}).
 */
public interface AssetCatalog {
    /** Every asset this catalog knows, with whether it is present in {@code folders}. */
    List<Asset> assets(AssetFolders folders);
}
