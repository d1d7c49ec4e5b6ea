import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { queryClient } from '@/lib/query';

afterEach(() => {
  cleanup();
  queryClient.clear();
  localStorage.clear();
});
