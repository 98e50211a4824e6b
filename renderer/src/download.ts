/** Saves bytes or text as a file through the browser's download (Electron's and Chromium's alike). */
export function saveFile(fileName: string, content: BlobPart, mediaType: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file the API sent as base64 (statements), saved under its own name. */
export function saveBase64File(file: { fileName: string; mediaType: string; base64: string }): void {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  saveFile(file.fileName, bytes, file.mediaType);
}
