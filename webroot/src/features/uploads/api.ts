// The uploads domain's REST calls: the only place their paths are written.
import { api } from '@/lib/api';

export interface StoredMedia {
  id: string;
  mimeType: string;
  size: number;
}

export const uploadsApi = {
  /** One file as multipart field `file`, with the browser's progress (bytes sent). */
  upload: (file: File, onProgress: (fraction: number) => void) => {
    const form = new FormData();
    form.append('file', file);
    return api
      .post<StoredMedia>('/media', form, { timeout: 0, onUploadProgress: (e) => onProgress(e.total ? e.loaded / e.total : 0) })
      .then((r) => r.data);
  },
};
