package io.github.resnetcourse.kit.data.transform;

/**
 * The lessons' augmentation pipelines, exactly as their seeds write them (see LESSONS.md).
 *
 * <p>Randomness comes from the dataset, which derives one generator per sample from its seed, the
 * pass over the data and the sample index — so a run is reproducible with any number of loader
 * threads.
 */
public final class Pipelines {
    private Pipelines() {}

    /**
     * Lesson 02 train: RandomCrop(32, padding 4), RandomHorizontalFlip, ColorJitter(0.2, 0.2, 0.2,
     * 0.1), RandomRotation(15), ToTensor, Normalize(CIFAR-10).
     */
    public static ImagePipeline cifarTrain() {
        return ImagePipeline.of(
                new RandomCrop(32, 4),
                RandomFlip.horizontal(0.5),
                new ColorJitter(0.2, 0.2, 0.2, 0.1),
                new RandomRotation(15),
                Normalize.CIFAR10);
    }

    /** Lesson 02 test: ToTensor, Normalize(CIFAR-10). */
    public static ImagePipeline cifarTest() {
        return ImagePipeline.of(Normalize.CIFAR10);
    }

    /**
     * Lesson 06 train (the MindSpore seed): RandomCrop(32, padding 4), RandomHorizontalFlip,
     * Normalize(CIFAR-10).
     */
    public static ImagePipeline cifarCropFlip() {
        return ImagePipeline.of(
                new RandomCrop(32, 4), RandomFlip.horizontal(0.5), Normalize.CIFAR10);
    }

    /**
     * Lesson 03 train: Resize(256), CenterCrop(224), RandomRotation(45), RandomHorizontalFlip(0.5),
     * RandomVerticalFlip(0.5), ColorJitter(0.2, 0.1, 0.1, 0.1), RandomGrayscale(0.025), ToTensor,
     * Normalize(ImageNet).
     */
    public static ImagePipeline flowersTrain() {
        return ImagePipeline.of(
                Resize.shorterSide(256),
                new CenterCrop(224),
                new RandomRotation(45),
                RandomFlip.horizontal(0.5),
                RandomFlip.vertical(0.5),
                new ColorJitter(0.2, 0.1, 0.1, 0.1),
                new RandomGrayscale(0.025),
                Normalize.IMAGENET);
    }

    /** Lesson 03 valid: Resize(256), CenterCrop(224), ToTensor, Normalize(ImageNet). */
    public static ImagePipeline flowersValid() {
        return ImagePipeline.of(Resize.shorterSide(256), new CenterCrop(224), Normalize.IMAGENET);
    }

    /**
     * Lesson 04 (train and validation): Resize((224, 224)), ToTensor, then the scaling Keras'
     * ResNet50V2 weights expect, {@code resnet_v2.preprocess_input}: every pixel to [−1, 1] ({@link
     * Normalize#KERAS_TF}). The seed normalises with ImageNet's mean and std instead, which suits
     * torchvision's weights, not these.
     */
    public static ImagePipeline resnet50v2() {
        return ImagePipeline.of(Resize.to(224, 224), Normalize.KERAS_TF);
    }

    /**
     * The seed's lesson 04 pipeline, kept to measure what the mismatch costs: Resize((224, 224)),
     * ToTensor, Normalize(ImageNet) in front of weights trained on [−1, 1] inputs.
     */
    public static ImagePipeline resnet50v2AsTheSeed() {
        return ImagePipeline.of(Resize.to(224, 224), Normalize.IMAGENET);
    }

    /**
     * Lesson 07 train: Resize((300, 300)), RandomRotation(45), CenterCrop(224),
     * RandomHorizontalFlip(0.5), RandomVerticalFlip(0.5), ColorJitter(0.2, 0.1, 0.1, 0.1),
     * RandomGrayscale(0.1), ToTensor, Normalize(ImageNet).
     */
    public static ImagePipeline toolboxTrain() {
        return ImagePipeline.of(
                Resize.to(300, 300),
                new RandomRotation(45),
                new CenterCrop(224),
                RandomFlip.horizontal(0.5),
                RandomFlip.vertical(0.5),
                new ColorJitter(0.2, 0.1, 0.1, 0.1),
                new RandomGrayscale(0.1),
                Normalize.IMAGENET);
    }

    /** Lesson 07 valid: Resize((300, 300)), CenterCrop(224), ToTensor, Normalize(ImageNet). */
    public static ImagePipeline toolboxValid() {
        return ImagePipeline.of(Resize.to(300, 300), new CenterCrop(224), Normalize.IMAGENET);
    }
}
