package io.github.resnetcourse.kit.models;

import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Dotted paths to every parameter of a block tree, built from the names the kit's blocks give their
 * children ({@code layer1.0.bn1.gamma}). DJL prefixes every child name with its position ({@code
 * "01conv1"}); the prefix is removed here so paths read like PyTorch module paths. The last segment
 * is DJL's own parameter name ({@code weight}, {@code bias}, {@code gamma}, {@code beta}, {@code
 * runningMean}, {@code runningVar}); the weight readers translate it to each format's name.
 */
public final class ParameterPaths {
    private ParameterPaths() {}

    /** All parameters of {@code block}, keyed by path, each prefixed with {@code prefix}. */
    public static Map<String, Parameter> of(Block block, String prefix) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(block, prefix, out);
        return out;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (var entry : block.getDirectParameters()) {
            out.put(join(prefix, entry.getValue().getName()), entry.getValue());
        }
        BlockList children = block.getChildren();
        for (int i = 0; i < children.size(); i++) {
            collect(children.get(i).getValue(), join(prefix, childName(children, i)), out);
        }
    }

    /** The name a parent gave its {@code i}-th child, without DJL's position prefix. */
    static String childName(BlockList children, int i) {
        String key = children.get(i).getKey();
        String position = String.format(Locale.ROOT, "%02d", i + 1);
        return key.startsWith(position) ? key.substring(position.length()) : key;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
