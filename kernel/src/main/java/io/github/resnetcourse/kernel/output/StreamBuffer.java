package io.github.resnetcourse.kernel.output;

import io.github.spencerpark.jupyter.messages.publish.PublishStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes one stream (stdout or stderr) has written and not yet sent. Bytes, not characters,
 * because {@code System.out} accepts raw writes: a multi-byte UTF-8 character split across two
 * writes is kept until it is whole.
 */
final class StreamBuffer extends OutputStream {
    private final CellOutput owner;
    private final PublishStream.StreamType type;
    private final PrintStream fallback;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    StreamBuffer(CellOutput owner, PublishStream.StreamType type, PrintStream fallback) {
        this.owner = owner;
        this.type = type;
        this.fallback = fallback;
    }

    @Override
    public void write(int b) {
        synchronized (owner.lock()) {
            pending.write(b);
            drainIfLargeLocked();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        synchronized (owner.lock()) {
            pending.write(b, off, len);
            drainIfLargeLocked();
        }
    }

    private void drainIfLargeLocked() {
        if (pending.size() >= CellOutput.EAGER_FLUSH_BYTES) {
            drainLocked();
        }
    }

    /** Sends every complete character pending; the caller holds the owner's lock. */
    void drainLocked() {
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        int end = completeUtf8Prefix(bytes);
        pending.reset();
        pending.write(bytes, end, bytes.length - end);
        if (end > 0) {
            owner.send(type, new String(bytes, 0, end, StandardCharsets.UTF_8), fallback);
        }
    }

    /** Length of the longest prefix of {@code bytes} that does not end inside a UTF-8 sequence. */
    static int completeUtf8Prefix(byte[] bytes) {
        int n = bytes.length;
        // Walk back over at most 3 continuation bytes (10xxxxxx) to the lead byte.
        int i = n - 1;
        int continuation = 0;
        while (i >= 0 && continuation < 3 && (bytes[i] & 0xC0) == 0x80) {
            i--;
            continuation++;
        }
        if (i < 0) {
            return n;
        }
        int lead = bytes[i] & 0xFF;
        int needed;
        if (lead < 0x80) {
            needed = 0;
        } else if ((lead & 0xE0) == 0xC0) {
            needed = 1;
        } else if ((lead & 0xF0) == 0xE0) {
            needed = 2;
        } else if ((lead & 0xF8) == 0xF0) {
            needed = 3;
        } else {
            return n; // not UTF-8: let the decoder substitute
        }
        return continuation >= needed ? n : i;
    }
}
