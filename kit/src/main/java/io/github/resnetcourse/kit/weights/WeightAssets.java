package io.github.resnetcourse.kit.weights;

import io.github.resnetcourse.kit.setup.Asset;
import io.github.resnetcourse.kit.setup.AssetCatalog;
import io.github.resnetcourse.kit.setup.AssetFolders;
import java.util.Arrays;
import java.util.List;

/** The pretrained weight files of {@link Weights}, as the doctor lists them. */
public final class WeightAssets implements AssetCatalog {
    /** Used by {@link java.util.ServiceLoader}. */
    public WeightAssets() {}

    @Override
    public List<Asset> assets(AssetFolders folders) {
        WeightsLocation location = WeightsLocation.of(folders.weightsDir());
        return Arrays.stream(Weights.values())
                .map(
                        w ->
                                new Asset(
                                        Asset.Kind.WEIGHTS,
                                        w.name(),
                                        w.file(location),
                                        w.isPresent(location),
                                        w.sizeText(),
                                        w.fetchCommand()))
                .toList();
    }
}
