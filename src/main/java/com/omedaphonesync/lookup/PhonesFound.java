package com.omedaphonesync.lookup;

import java.time.Instant;

import com.omedaphonesync.records.IdRequest;
import com.omedaphonesync.records.OmedaAnswer;

/** Omeda's answer for an id that was found, with when it was retrieved and after how many calls. */
public record PhonesFound(IdRequest request, OmedaAnswer answer, Instant retrievedAt, int attempts) {
}
