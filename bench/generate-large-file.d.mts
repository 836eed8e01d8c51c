/** Types of `generate-large-file.mjs` (plain JavaScript, run by the bench without a build). */
export declare const ECHO_LINE: string;
export declare const LARGE_FILE_COMPATIBILITY_DATE: string;
export declare const LARGE_FILE_NAME: string;

/** A generated text and where its one echo statement's line is (UTF-16 offsets, newline included; the text is ASCII). */
export interface GeneratedLargeFile {
  text: string;
  echoStart: number;
  echoEnd: number;
}

export declare function parseSize(size: string | number): number;
export declare function generateLargeFileText(options: { bytes: number; seed?: number }): GeneratedLargeFile;
export declare function writeLargeFileProject(options: { dir: string; bytes: number; seed?: number }): GeneratedLargeFile & { file: string };
