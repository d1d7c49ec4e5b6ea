import { useRef, useState } from 'react';
import { UploadCloud, X } from 'lucide-react';
import { toApiError } from '@/lib/api';
import { uploadsApi } from '@/features/uploads/api';
import { cn } from '@/lib/utils';

export interface Uploaded {
  id: string;
  mimeType: string;
  size: number;
  name: string;
  preview?: string;
}

/** Uploads one file to POST /media with a real progress bar (bytes sent, from the browser). */
export function uploadMedia(file: File, onProgress: (fraction: number) => void): Promise<Uploaded> {
  return uploadsApi
    .upload(file, onProgress)
    .then((stored) => ({ ...stored, name: file.name, preview: file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined }));
}

interface Pending {
  key: number;
  name: string;
  progress: number;
  error?: string;
}

/** Drag-and-drop (or pick) files; each uploads at once and shows its progress. */
export function Dropzone({
  onUploaded,
  accept = 'image/*,video/*',
  multiple = true,
  label = 'Drop photos or videos here, or click to choose',
}: {
  onUploaded(media: Uploaded): void;
  accept?: string;
  multiple?: boolean;
  label?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [pending, setPending] = useState<Pending[]>([]);

  const start = (files: FileList | null) => {
    if (!files) return;
    Array.from(files).forEach((file) => {
      const key = Math.random();
      setPending((p) => [...p, { key, name: file.name, progress: 0 }]);
      uploadMedia(file, (progress) => setPending((p) => p.map((x) => (x.key === key ? { ...x, progress } : x)))).then(
        (media) => {
          setPending((p) => p.filter((x) => x.key !== key));
          onUploaded(media);
        },
        (err) => setPending((p) => p.map((x) => (x.key === key ? { ...x, error: toApiError(err).message } : x))),
      );
    });
  };

  return (
    <div className="grid gap-2">
      <button
        type="button"
        onClick={() => input.current?.click()}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          start(e.dataTransfer.files);
        }}
        className={cn(
          'flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-4 py-8 text-sm text-muted-foreground transition-colors',
          over ? 'border-primary bg-primary/10' : 'border-border hover:border-primary/60',
        )}
      >
        <UploadCloud className="h-8 w-8" aria-hidden />
        {label}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        multiple={multiple}
        className="hidden"
        data-testid="file-input"
        onChange={(e) => {
          start(e.target.files);
          e.target.value = '';
        }}
      />
      {pending.map((p) => (
        <div key={p.key} className="grid gap-1 text-sm">
          <div className="flex items-center justify-between gap-2">
            <span className="truncate">{p.name}</span>
            {p.error ? (
              <button type="button" aria-label="Dismiss" onClick={() => setPending((x) => x.filter((y) => y.key !== p.key))}>
                <X className="h-4 w-4" />
              </button>
            ) : (
              <span className="text-muted-foreground">{Math.round(p.progress * 100)}%</span>
            )}
          </div>
          {p.error ? (
            <p role="alert" className="text-xs text-destructive">
              {p.error}
            </p>
          ) : (
            <div
              className="h-2 overflow-hidden rounded-full bg-muted"
              role="progressbar"
              aria-label={`Uploading ${p.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(p.progress * 100)}
            >
              <div className="h-full bg-primary transition-[width]" style={{ width: `${p.progress * 100}%` }} />
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
