package com.omedaphonesync.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The ids already taken from one file or message, kept as 128-bit fingerprints in an open-addressing table:
 * 16 bytes an id instead of a String each, so a file of a million ids costs tens of megabytes at most. Two
 * different ids share a fingerprint with odds near 10^-27 for a million ids. Not thread-safe: one unit's
 * ids are read by one thread.
 */
final class SeenIds {
    private static final double MAX_LOAD = 0.6;

    private final MessageDigest digest;
    private long[] high;
    private long[] low;
    private int size;

    /**
     * @param expected how many ids to size the table for, so that it rarely has to grow
     */
    SeenIds(int expected) {
        try {
            digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
        int capacity = Integer.highestOneBit((int) Math.min(1 << 22, Math.max(16, expected / MAX_LOAD)) - 1) << 1;
        high = new long[capacity];
        low = new long[capacity];
    }

    /** True the first time a key is offered, false for every repeat. */
    boolean add(String key) {
        byte[] hash = digest.digest(key.getBytes(StandardCharsets.UTF_8));
        long h = toLong(hash, 0);
        long l = toLong(hash, 8) | 1L;
        if (size + 1 > high.length * MAX_LOAD) {
            grow();
        }
        return insert(high, low, h, l);
    }

    private boolean insert(long[] highs, long[] lows, long h, long l) {
        int mask = highs.length - 1;
        int slot = (int) (h ^ (h >>> 32)) & mask;
        while (lows[slot] != 0) {
            if (highs[slot] == h && lows[slot] == l) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        highs[slot] = h;
        lows[slot] = l;
        size++;
        return true;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        high = new long[oldHigh.length * 2];
        low = new long[oldLow.length * 2];
        size = 0;
        for (int i = 0; i < oldHigh.length; i++) {
            if (oldLow[i] != 0) {
                insert(high, low, oldHigh[i], oldLow[i]);
            }
        }
    }

    private static long toLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }
}
