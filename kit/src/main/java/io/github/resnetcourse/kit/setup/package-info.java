/**
 * Is this machine ready for the lessons? {@link io.github.resnetcourse.kit.setup.Doctor#report()}
 * looks at Java, the kit, the DJL engine and device, the data and weights folders, and every
 * dataset and weight file an {@link io.github.resnetcourse.kit.setup.AssetCatalog} lists, and
 * returns an {@link io.github.resnetcourse.kit.setup.EnvironmentReport}: a table in notebook 00,
 * plain text under {@code ./course doctor}. Part of the library because a notebook shows it; the
 * command that prints it ({@code DoctorCommand}) lives with the other command-line tools in the
 * {@code course-tools} module ({@code tools/}), outside the kit's jar.
 */
package io.github.resnetcourse.kit.setup;
