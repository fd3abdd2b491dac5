/**
 * Meta's Resumable Upload API, as the simulator answers it: a session per file
 * (POST /{app-id}/uploads), bytes sent from the offset the session reports
 * (POST /upload:{id} with file_offset; GET tells where to resume), and a
 * handle once every byte arrived. Handles set a profile picture or a template
 * header's sample. Source: Meta, graph-api/guides/upload.
 */
import { randomBytes } from 'node:crypto';
import { ManagementError } from './management-error';

const UPLOAD_TYPES = ['image/jpeg', 'image/jpg', 'image/png', 'video/mp4', 'application/pdf'];

interface UploadSession {
  fileName: string;
  length: number;
  type: string;
  chunks: Buffer[];
  offset: number;
}

export class ResumableUploads {
  private readonly sessions = new Map<string, UploadSession>();
  private readonly handles = new Map<string, { type: string; bytes: Buffer }>();

  constructor(private readonly appId: string) {}

  /** What a handle stands for; undefined for a handle Meta never gave. */
  file(handle: unknown): { type: string; bytes: Buffer } | undefined {
    return typeof handle === 'string' ? this.handles.get(handle) : undefined;
  }

  /** POST /{app-id}/uploads?file_name&file_length&file_type */
  createSession(appId: string, query: Record<string, unknown>): Record<string, unknown> {
    if (appId !== this.appId)
      throw new ManagementError(
        100,
        `Unsupported post request. Object with ID '${appId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      );
    const length = Number(query.file_length);
    const type = typeof query.file_type === 'string' ? query.file_type : null;
    if (!Number.isInteger(length) || length <= 0 || length > 100 * 1024 * 1024)
      throw new ManagementError(100, 'Param file_length must be a positive number of bytes, at most 100 MB.');
    if (!type || !UPLOAD_TYPES.includes(type)) throw new ManagementError(100, `Param file_type must be one of ${UPLOAD_TYPES.join(', ')}.`);
    const session = `upload:${randomBytes(18).toString('base64url')}`;
    this.sessions.set(session, {
      fileName: typeof query.file_name === 'string' ? query.file_name : 'file',
      length,
      type: type === 'image/jpg' ? 'image/jpeg' : type,
      chunks: [],
      offset: 0,
    });
    return { id: session };
  }

  /** POST /upload:{id} with file_offset; answers the handle once every byte arrived. */
  chunk(sessionId: string, offsetHeader: string | undefined, bytes: Buffer): Record<string, unknown> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new ManagementError(100, `Upload session ${sessionId} does not exist.`);
    const offset = Number(offsetHeader ?? 0);
    if (offset !== session.offset) throw new ManagementError(100, `file_offset ${offset} does not match the ${session.offset} bytes received so far.`);
    if (session.offset + bytes.length > session.length) throw new ManagementError(100, 'More bytes were sent than file_length announced.');
    session.chunks.push(bytes);
    session.offset += bytes.length;
    if (session.offset < session.length) return { id: sessionId, file_offset: session.offset };
    const handle = `4::${Buffer.from(session.type).toString('base64')}:${randomBytes(24).toString('base64url')}`;
    this.handles.set(handle, { type: session.type, bytes: Buffer.concat(session.chunks) });
    this.sessions.delete(sessionId);
    return { h: handle };
  }

  status(sessionId: string): Record<string, unknown> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new ManagementError(100, `Upload session ${sessionId} does not exist.`);
    return { id: sessionId, file_offset: session.offset };
  }
}
