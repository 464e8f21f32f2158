package io.github.resnetcourse.kit.setup;

import io.github.resnetcourse.kit.notebook.Env;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The folders the doctor looks in for datasets and weights: handed to each {@link AssetCatalog}, so
 * that the catalogs (which live in {@code data/} and {@code weights/}) read no environment.
 *
 * @param dataDir where downloaded datasets live
 * @param synthDir where generated twins of the datasets live
 * @param weightsDir where pretrained weight files live
 */
public record AssetFolders(Path dataDir, Path synthDir, Path weightsDir) {
    /** Checks the folders. */
    public AssetFolders {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(synthDir, "synthDir");
        Objects.requireNonNull(weightsDir, "weightsDir");
    }

    /** The folders {@code env} names. */
    public static AssetFolders of(Env env) {
        return new AssetFolders(env.dataDir(), env.synthDir(), env.weightsDir());
    }
}
