/** Registration of the resilient transport with Jakarta Mail; not part of the API. */
@NullMarked
package io.github.resilientmail.internal;

import org.jspecify.annotations.NullMarked;
