package io.github.resnetcourse.kit.notebook;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Shows the kit's output through a stock Java kernel (IJava or JJava) when the course kernel is not
 * the one running: {@link Notebook} uses it as its default sink when such a kernel is found.
 *
 * <p>Everything goes through reflection, so the kit depends on neither kernel. Both expose their
 * running kernel through a static method, a {@code display(DisplayData)} method on it, and {@code
 * getIO().display.updateDisplay(String, DisplayData)}; the {@code DisplayData} class is taken from
 * the {@code display} method's parameter, so it is never named here.
 */
public final class ForeignKernelSink implements DisplaySink {
    /** Where each kernel publishes its instance: class name and static no-argument method. */
    static final List<Map.Entry<String, String>> KERNEL_LOCATORS =
            List.of(
                    Map.entry("io.github.spencerpark.ijava.IJava", "getKernelInstance"),
                    Map.entry("org.dflib.jjava.kernel.JavaNotebookStatics", "kernel"),
                    Map.entry("org.dflib.jjava.JJava", "getKernelInstance"));

    private final Object kernel;
    private final Method display;
    private final Class<?> displayDataType;

    private ForeignKernelSink(Object kernel, Method display) {
        this.kernel = kernel;
        this.display = display;
        this.displayDataType = display.getParameterTypes()[0];
    }

    /** The running IJava or JJava kernel's display, if this JVM runs one. */
    public static Optional<DisplaySink> find() {
        for (ClassLoader loader : loaders()) {
            for (Map.Entry<String, String> locator : KERNEL_LOCATORS) {
                Optional<DisplaySink> sink = find(loader, locator.getKey(), locator.getValue());
                if (sink.isPresent()) {
                    return sink;
                }
            }
        }
        return Optional.empty();
    }

    static Optional<DisplaySink> find(ClassLoader loader, String className, String method) {
        try {
            Class<?> entry = Class.forName(className, true, loader);
            Object kernel = entry.getMethod(method).invoke(null);
            if (kernel == null) {
                return Optional.empty();
            }
            for (Method m : publicType(kernel.getClass()).getMethods()) {
                if (m.getName().equals("display")
                        && m.getParameterCount() == 1
                        && m.getParameterTypes()[0].getSimpleName().equals("DisplayData")) {
                    return Optional.of(new ForeignKernelSink(kernel, m));
                }
            }
            return Optional.empty();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty(); // not this kernel
        }
    }

    /**
     * The nearest public class of {@code type}: methods are called through it, since the running
     * kernel's own class need not be public.
     */
    private static Class<?> publicType(Class<?> type) {
        Class<?> c = type;
        while (c != null && !Modifier.isPublic(c.getModifiers())) {
            c = c.getSuperclass();
        }
        return c == null ? Object.class : c;
    }

    private static List<ClassLoader> loaders() {
        ClassLoader own = ForeignKernelSink.class.getClassLoader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context == null || context == own ? List.of(own) : List.of(own, context);
    }

    @Override
    public String display(MimeBundle bundle) {
        String id = UUID.randomUUID().toString();
        try {
            display.invoke(kernel, displayData(bundle, id));
        } catch (ReflectiveOperationException e) {
            throw failure("display", e);
        }
        return id;
    }

    @Override
    public void update(String id, MimeBundle bundle) {
        try {
            Object io = publicType(kernel.getClass()).getMethod("getIO").invoke(kernel);
            Object stream = publicType(io.getClass()).getField("display").get(io);
            publicType(stream.getClass())
                    .getMethod("updateDisplay", String.class, displayDataType)
                    .invoke(stream, id, displayData(bundle, id));
        } catch (ReflectiveOperationException e) {
            throw failure("update a display of", e);
        }
    }

    private Object displayData(MimeBundle bundle, String id) throws ReflectiveOperationException {
        Object data = displayDataType.getConstructor().newInstance();
        Method put = displayDataType.getMethod("putData", String.class, Object.class);
        for (Map.Entry<String, String> e : bundle.data().entrySet()) {
            put.invoke(data, e.getKey(), content(e.getKey(), e.getValue()));
        }
        displayDataType.getMethod("setDisplayId", String.class).invoke(data, id);
        return data;
    }

    /**
     * JSON MIME types ({@code application/json}, {@code ...+json}) must reach the front end as JSON
     * values, not strings; they are passed as plain maps and lists, which any kernel's Gson writes
     * as JSON (a Gson tree of the kit's own Gson classes might not be).
     */
    private static Object content(String mime, String value) {
        String m = mime.toLowerCase(java.util.Locale.ROOT);
        if (!m.equals("application/json") && !m.endsWith("+json")) {
            return value;
        }
        try {
            return new Gson().fromJson(value, Object.class);
        } catch (JsonParseException e) {
            return value;
        }
    }

    private IllegalStateException failure(String what, ReflectiveOperationException e) {
        Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
        return new IllegalStateException(
                "Cannot " + what + " the " + kernel.getClass().getName() + " kernel: " + cause,
                cause);
    }
}
