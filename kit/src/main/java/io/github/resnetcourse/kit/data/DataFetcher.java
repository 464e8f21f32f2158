package io.github.resnetcourse.kit.data;

import io.github.resnetcourse.kit.fetch.AtomicFiles;
import io.github.resnetcourse.kit.fetch.Download;
import io.github.resnetcourse.kit.fetch.TarGz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Fetches the real datasets from their publishers into the data folder (archives are kept under
 * {@code downloads/} so a re-extraction needs no network). Sources and licences: docs/data.md.
 */
public final class DataFetcher {
    /** The CIFAR-10 binary archive and the MD5 its publisher lists. */
    static final String CIFAR_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";

    static final String CIFAR_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";

    /** The seed's flower_data split (Udacity's copy of Oxford Flowers-102), no published digest. */
    static final String FLOWERS_URL =
            "https://s3.amazonaws.com/content.udacity-data.com/nd089/flower_data.tar.gz";

    static final String FLOWER_NAMES_URL =
            "https://raw.githubusercontent.com/udacity/aipnd-project/master/cat_to_name.json";

    /** CUB-200-2011 from Caltech's data repository; four species are kept. */
    static final String CUB_URL =
            "https://data.caltech.edu/records/65de6-vp158/files/CUB_200_2011.tgz?download=1";

    /** CUB folder → class folder of the four-species dataset. */
    static final Map<String, String> BIRDS =
            Map.of(
                    "017.Cardinal", "cardinal",
                    "047.American_Goldfinch", "american_goldfinch",
                    "073.Blue_Jay", "blue_jay",
                    "036.Northern_Flicker", "northern_flicker");

    /** For datasets whose archive is all there is to extract. */
    private static final AtomicFiles.Content NOTHING_MORE = folder -> {};

    private final Path dataDir;

    /** Fetches into {@code dataDir} (the CLI passes its environment's {@code dataDir()}). */
    public DataFetcher(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Downloads, verifies and extracts {@code dataset}; a present one is left alone. */
    public Path fetch(DatasetCatalog dataset) throws IOException {
        Path target = dataDir.resolve(dataset.folder());
        if (dataset.isPresent(dataDir)) {
            System.out.println(dataset.id() + " is already in " + target);
            return target;
        }
        switch (dataset) {
            case CIFAR10 -> {
                Path tar =
                        download(
                                CIFAR_URL,
                                "cifar-10-binary.tar.gz",
                                dataset.downloadBytes(),
                                CIFAR_MD5);
                extract(tar, target, name -> keepUnder(name, Cifar10.FOLDER + "/"), NOTHING_MORE);
            }
            case FLOWERS102 -> {
                Path tar = download(FLOWERS_URL, "flower_data.tar.gz", -1, null);
                Path names = download(FLOWER_NAMES_URL, "cat_to_name.json", -1, null);
                // Copied in before the folder is renamed into place: the names file is the
                // dataset's completeness marker.
                extract(
                        tar,
                        target,
                        DataFetcher::flowerEntry,
                        folder -> Files.copy(names, folder.resolve(Flowers102.NAMES)));
            }
            case BIRDS4 -> {
                Path tar = download(CUB_URL, "CUB_200_2011.tgz", dataset.downloadBytes(), null);
                extract(tar, target, DataFetcher::birdEntry, NOTHING_MORE);
            }
        }
        System.out.println(dataset.id() + " is ready in " + target);
        return target;
    }

    private Path download(String url, String name, long size, String md5) throws IOException {
        Download.Builder b =
                Download.builder()
                        .setUrl(url)
                        .setTarget(dataDir.resolve("downloads").resolve(name));
        if (size > 0) {
            b.optExpectedSize(size);
        }
        if (md5 != null) {
            b.optMd5(md5);
        }
        return b.build().fetch();
    }

    /**
     * Extracts the entries {@code rename} keeps into the folder {@code target}, then lets {@code
     * more} add files to it; all through {@link AtomicFiles#writeFolder}, so a half extraction
     * never looks done and leaves no temporary folder behind.
     *
     * @throws IOException naming the archive and saying to delete it when it cannot be read or
     *     holds none of the expected files
     */
    static Path extract(
            Path tar, Path target, Function<String, String> rename, AtomicFiles.Content more)
            throws IOException {
        System.out.println("Extracting " + tar.getFileName() + " ...");
        AtomicFiles.writeFolder(
                target,
                folder -> {
                    int n;
                    try {
                        n = TarGz.extract(tar, folder, rename);
                    } catch (IOException e) {
                        throw new IOException(
                                tar
                                        + " cannot be extracted ("
                                        + e.getMessage()
                                        + "). Delete it and fetch the dataset again.",
                                e);
                    }
                    if (n == 0) {
                        throw new IOException(
                                tar + " held none of the expected files; delete it and retry.");
                    }
                    more.writeTo(folder);
                    System.out.println("  " + n + " files.");
                });
        return target;
    }

    static String keepUnder(String name, String prefix) {
        int at = name.indexOf(prefix);
        return at < 0 || name.endsWith("/") ? null : name.substring(at + prefix.length());
    }

    /** {@code [flower_data/]train|valid/<id>/<file>.jpg} kept as is; {@code test/} dropped. */
    static String flowerEntry(String name) {
        String n = name.startsWith("./") ? name.substring(2) : name;
        if (n.startsWith("flower_data/")) {
            n = n.substring("flower_data/".length());
        }
        return (n.startsWith("train/") || n.startsWith("valid/")) && n.endsWith(".jpg") ? n : null;
    }

    /** {@code CUB_200_2011/images/<NNN.Species>/<file>.jpg} for the four species kept. */
    static String birdEntry(String name) {
        String rest = keepUnder(name, "CUB_200_2011/images/");
        if (rest == null) {
            return null;
        }
        int slash = rest.indexOf('/');
        String species = slash < 0 ? null : BIRDS.get(rest.substring(0, slash));
        return species == null ? null : species + rest.substring(slash);
    }
}
