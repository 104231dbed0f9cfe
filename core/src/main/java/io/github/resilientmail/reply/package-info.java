/**
 * SMTP replies, the catalogue of reply codes and the reply classifier, using nothing but the JDK.
 *
 * <p>{@link io.github.resilientmail.reply.SmtpReply} parses a reply as a client receives it; {@link
 * io.github.resilientmail.reply.Catalogue} explains every basic and enhanced code in English and
 * French; {@link io.github.resilientmail.reply.ReplyClassifier} decides its {@link
 * io.github.resilientmail.reply.Category} and {@link io.github.resilientmail.reply.Transience}.
 */
@NullMarked
package io.github.resilientmail.reply;

import org.jspecify.annotations.NullMarked;
