package io.cablekit.mock.internal.files;

import io.cablekit.mock.Stub;

/**
 * A stub read from a source, with where it starts.
 *
 * @param label how messages name it, e.g. {@code stub 3 ("name")}
 */
public record Located(Stub stub, String file, int line, String label) {}
