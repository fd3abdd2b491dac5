/**
 * File upload with progress and cancel. fetch() cannot report upload progress,
 * so this one call uses XMLHttpRequest; like every other call it carries the
 * bearer token and no cookies.
 */
import type { MediaKind } from '@domain/media';
import type { UploadedMedia } from '@domain/views';
import { ApiError } from './errors';

export interface UploadRequest {
  baseUrl: string;
  token: string | null;
  file: Blob;
  kind: MediaKind;
  filename: string | null;
  /** The type the panel already checked (by magic bytes), sent as Content-Type. */
  mimeType: string;
  voice?: boolean;
  onProgress: (fraction: number) => void;
}

export interface Upload {
  done: Promise<UploadedMedia>;
  cancel(): void;
}

export class UploadCancelled extends Error {
  constructor() {
    super('The upload was cancelled.');
    this.name = 'UploadCancelled';
  }
}

export function uploadMedia(request: UploadRequest): Upload {
  const xhr = new XMLHttpRequest();
  const query = new URLSearchParams({ kind: request.kind });
  if (request.filename) query.set('filename', request.filename);
  if (request.voice) query.set('voice', 'true');
  const done = new Promise<UploadedMedia>((resolve, reject) => {
    xhr.open('POST', `${request.baseUrl}/api/media?${query}`);
    xhr.withCredentials = false;
    if (request.token) xhr.setRequestHeader('authorization', `Bearer ${request.token}`);
    xhr.setRequestHeader('content-type', request.mimeType);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) request.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        request.onProgress(1);
        resolve(body as UploadedMedia);
      } else reject(ApiError.fromBody(xhr.status, body));
    };
    xhr.onerror = () => reject(ApiError.network());
    xhr.onabort = () => reject(new UploadCancelled());
    xhr.send(request.file);
  });
  return { done, cancel: () => xhr.abort() };
}
