/** Reads a file the user picked as text (lesson, pack and results files are small JSON). */
export function readFileText(file: File): Promise<string> {
  return file.text();
}
