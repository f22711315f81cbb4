/**
 * Comments on a block. The server refuses a longer body (413 `comment-too-long`); the web app's box
 * stops there, so the limit lives where both read it.
 */

/** A comment body longer than this is refused (about five pages of text). */
export const MAX_COMMENT_BODY_CHARS = 10_000;
