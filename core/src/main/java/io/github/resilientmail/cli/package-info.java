/**
 * The command-line interface of the core jar, which needs nothing but the JDK on the class path.
 *
 * <pre>{@code
 * java -jar resilient-mail-core.jar explain --lang fr 552 5.2.2 Mailbox full
 * java -jar resilient-mail-core.jar classify < replies.txt
 * }</pre>
 *
 * <p>{@code explain} prints what one reply means: its category, transience and scope, and the
 * catalogue entries of its basic and enhanced codes, in English or French. {@code classify} reads
 * one reply per line on standard input and prints {@code CATEGORY<TAB>TRANSIENT}, {@code
 * CATEGORY<TAB>PERMANENT} or {@code NONE<TAB>SUCCESS} for each line. Input and output are UTF-8.
 *
 * <p>Only {@link io.github.resilientmail.cli.Main} is public; the package uses nothing outside the
 * JDK and {@link io.github.resilientmail.reply}.
 */
@NullMarked
package io.github.resilientmail.cli;

import org.jspecify.annotations.NullMarked;
