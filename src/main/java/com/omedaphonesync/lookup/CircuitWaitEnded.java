package com.omedaphonesync.lookup;

/**
 * An id stopped waiting on the open circuit without being looked up: the service is shutting down, or a
 * {@code batch} gave up on an Omeda that stayed down. The id is held, never dead-lettered: a rerun (or the next
 * start) looks it up. The message is the reason the id's source reports.
 */
public final class CircuitWaitEnded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CircuitWaitEnded(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
