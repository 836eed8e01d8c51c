/**
 * The source file extensions the tool reads. Apart from `parse-source.ts` so
 * that the file search does not load the parser.
 */
export const SOURCE_EXTENSIONS = [".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"] as const;
