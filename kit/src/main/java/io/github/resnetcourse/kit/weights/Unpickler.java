package io.github.resnetcourse.kit.weights;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the subset of Python's pickle format (protocols 2–5) that {@code torch.save} writes for a
 * {@code state_dict}: dicts, lists, tuples, numbers, strings, persistent ids and calls of an
 * allow-list of globals. Nothing is ever executed: a global is resolved only through {@link
 * Globals}, and an unknown one is an error (like {@code torch.load(weights_only=True)}).
 *
 * <p>Python values map to Java as: dict → {@link LinkedHashMap}, list → {@link ArrayList}, tuple →
 * {@link Tuple}, int → {@link Long} (or {@link BigInteger}), float → {@link Double}, str → {@link
 * String}, bytes → {@code byte[]}, None → {@code null}, bool → {@link Boolean}.
 */
final class Unpickler {
    /** A Python tuple. */
    record Tuple(List<Object> items) {
        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    /** Something a pickle can call: a resolved global. */
    @FunctionalInterface
    interface PyCallable {
        Object call(Tuple args);
    }

    /** Resolves {@code module.name} to a callable, or throws for anything not allowed. */
    @FunctionalInterface
    interface Globals {
        PyCallable find(String module, String name);
    }

    /** Turns a persistent id (torch: a storage descriptor tuple) into an object. */
    @FunctionalInterface
    interface PersistentLoader {
        Object load(Object pid);
    }

    private static final Object MARK = new Object();

    private final ByteBuffer in;
    private final String source;
    private final Globals globals;
    private final PersistentLoader persistent;

    /**
     * A reader of the pickle starting at {@code in}'s position.
     *
     * @param source the file (and entry) name for error messages
     */
    Unpickler(ByteBuffer in, String source, Globals globals, PersistentLoader persistent) {
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
        this.globals = globals;
        this.persistent = persistent;
    }

    /**
     * Reads one pickle, leaving the buffer just after its STOP opcode.
     *
     * @throws WeightFormatException on truncation, an unknown opcode or a disallowed global
     */
    Object load() {
        List<Object> stack = new ArrayList<>();
        Map<Long, Object> memo = new HashMap<>();
        try {
            while (true) {
                int pos = in.position();
                int op = in.get() & 0xff;
                switch (op) {
                    case 0x80 -> in.get(); // PROTO
                    case 0x95 -> in.getLong(); // FRAME: frames are contiguous here
                    case '.' -> {
                        return pop(stack);
                    }
                    case '}' -> stack.add(new LinkedHashMap<>());
                    case ']' -> stack.add(new ArrayList<>());
                    case ')' -> stack.add(new Tuple(List.of()));
                    case 0x8f -> stack.add(new LinkedHashSet<>());
                    case '(' -> stack.add(MARK);
                    case 'N' -> stack.add(null);
                    case 0x88 -> stack.add(Boolean.TRUE);
                    case 0x89 -> stack.add(Boolean.FALSE);
                    case 'J' -> stack.add((long) in.getInt());
                    case 'K' -> stack.add((long) (in.get() & 0xff));
                    case 'M' -> stack.add((long) (in.getShort() & 0xffff));
                    case 0x8a -> stack.add(readLong(in.get() & 0xff));
                    case 0x8b -> stack.add(readLong(in.getInt()));
                    case 'G' -> stack.add(Double.longBitsToDouble(Long.reverseBytes(in.getLong())));
                    case 'X' -> stack.add(readString(in.getInt()));
                    case 0x8c -> stack.add(readString(in.get() & 0xff));
                    case 0x8d -> stack.add(readString(Math.toIntExact(in.getLong())));
                    case 'T' -> stack.add(readString(in.getInt()));
                    case 'U' -> stack.add(readString(in.get() & 0xff));
                    case 'B' -> stack.add(readBytes(in.getInt()));
                    case 'C' -> stack.add(readBytes(in.get() & 0xff));
                    case 0x8e -> stack.add(readBytes(Math.toIntExact(in.getLong())));
                    case 'q' -> memo.put((long) (in.get() & 0xff), peek(stack));
                    case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek(stack));
                    case 0x94 -> memo.put((long) memo.size(), peek(stack));
                    case 'h' -> stack.add(memoGet(memo, in.get() & 0xff, pos));
                    case 'j' -> stack.add(memoGet(memo, in.getInt() & 0xffffffffL, pos));
                    case 'c' -> stack.add(globals.find(readLine(), readLine()));
                    case 0x93 -> {
                        String name = (String) pop(stack);
                        String module = (String) pop(stack);
                        stack.add(globals.find(module, name));
                    }
                    case 't' -> stack.add(new Tuple(popToMark(stack)));
                    case 0x85 -> stack.add(new Tuple(listOf(pop(stack))));
                    case 0x86 -> {
                        Object b = pop(stack);
                        Object a = pop(stack);
                        stack.add(new Tuple(listOf(a, b)));
                    }
                    case 0x87 -> {
                        Object c = pop(stack);
                        Object b = pop(stack);
                        Object a = pop(stack);
                        stack.add(new Tuple(listOf(a, b, c)));
                    }
                    case 'a' -> {
                        Object v = pop(stack);
                        asList(peek(stack), pos).add(v);
                    }
                    case 'e' -> {
                        List<Object> items = popToMark(stack);
                        asList(peek(stack), pos).addAll(items);
                    }
                    case 's' -> {
                        Object v = pop(stack);
                        Object k = pop(stack);
                        asMap(peek(stack), pos).put(k, v);
                    }
                    case 'u' -> {
                        List<Object> items = popToMark(stack);
                        Map<Object, Object> map = asMap(peek(stack), pos);
                        for (int i = 0; i + 1 < items.size(); i += 2) {
                            map.put(items.get(i), items.get(i + 1));
                        }
                    }
                    case 0x90 -> {
                        List<Object> items = popToMark(stack);
                        @SuppressWarnings("unchecked")
                        Set<Object> set = (Set<Object>) peek(stack);
                        set.addAll(items);
                    }
                    case 0x91 -> stack.add(new LinkedHashSet<>(popToMark(stack)));
                    case 'R', 0x81 -> {
                        Tuple args = (Tuple) pop(stack);
                        Object f = pop(stack);
                        if (!(f instanceof PyCallable callable)) {
                            throw error("REDUCE on a non-callable " + f, pos);
                        }
                        stack.add(callable.call(args));
                    }
                    case 'b' -> pop(stack); // BUILD: object state (e.g. _metadata) is not needed
                    case 'Q' -> stack.add(persistent.load(pop(stack)));
                    case '0' -> pop(stack);
                    case '1' -> popToMark(stack);
                    case '2' -> stack.add(peek(stack));
                    default ->
                            throw error(
                                    String.format(
                                            "unsupported pickle opcode 0x%02x (not a torch.save"
                                                    + " state_dict?)",
                                            op),
                                    pos);
                }
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new WeightFormatException(
                    source
                            + ": the pickle ends early at byte "
                            + in.position()
                            + " — the file is truncated; delete it and fetch it again");
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            throw new WeightFormatException(
                    source + ": malformed pickle near byte " + in.position() + " (" + e + ")");
        }
    }

    private static List<Object> listOf(Object... items) {
        List<Object> list = new ArrayList<>(items.length);
        java.util.Collections.addAll(list, items);
        return java.util.Collections.unmodifiableList(list);
    }

    private Object readLong(int n) {
        if (n == 0) {
            return 0L;
        }
        byte[] le = readBytes(n);
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private byte[] readBytes(int n) {
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private String readString(int n) {
        return new String(readBytes(n), StandardCharsets.UTF_8);
    }

    private String readLine() {
        StringBuilder sb = new StringBuilder();
        byte b;
        while ((b = in.get()) != '\n') {
            sb.append((char) b);
        }
        return sb.toString();
    }

    private Object memoGet(Map<Long, Object> memo, long key, int pos) {
        if (!memo.containsKey(key)) {
            throw error("memo key " + key + " was never stored", pos);
        }
        return memo.get(key);
    }

    private static Object pop(List<Object> stack) {
        return stack.remove(stack.size() - 1);
    }

    private static Object peek(List<Object> stack) {
        return stack.get(stack.size() - 1);
    }

    private static List<Object> popToMark(List<Object> stack) {
        int mark = stack.lastIndexOf(MARK);
        if (mark < 0) {
            throw new IndexOutOfBoundsException("no MARK on the stack");
        }
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    @SuppressWarnings("unchecked")
    private List<Object> asList(Object o, int pos) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw error("APPEND to a " + o, pos);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> asMap(Object o, int pos) {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw error("SETITEM on a " + o, pos);
    }

    private WeightFormatException error(String what, int pos) {
        return new WeightFormatException(source + ": " + what + " at byte " + pos);
    }
}
