import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Layout } from '@/components/Layout';
import { Spinner } from '@/components/ui/states';
import { useAuth } from '@/store/auth';
import type { Role } from '@/lib/types';
import Discover from '@/features/content/pages/Discover';

// Each page is its own chunk: the first load carries only the shell and the page it opens.
const Login = lazy(() => import('@/features/accounts/pages/Login'));
const Register = lazy(() => import('@/features/accounts/pages/Register'));
const CreatorPage = lazy(() => import('@/features/content/pages/CreatorPage'));
const Feed = lazy(() => import('@/features/content/pages/Feed'));
const PostPage = lazy(() => import('@/features/content/pages/PostPage'));
const Compose = lazy(() => import('@/features/content/pages/Compose'));
const Subscriptions = lazy(() => import('@/features/subscriptions/pages/Subscriptions'));
const Payments = lazy(() => import('@/features/money/pages/Payments'));
const Dashboard = lazy(() => import('@/features/money/pages/Dashboard'));
const Settings = lazy(() => import('@/features/accounts/pages/Settings'));
const Studio = lazy(() => import('@/features/live/pages/Studio'));
const LiveRoom = lazy(() => import('@/features/live/pages/LiveRoom'));
const Admin = lazy(() => import('@/features/admin/pages/Admin'));

function Private({ roles, children }: { roles?: Role[]; children: React.ReactNode }) {
  const user = useAuth((s) => s.user);
  const location = useLocation();
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (roles && !roles.includes(user.role)) return <Navigate to="/" replace />;
  return <>{children}</>;
}

export function App() {
  return (
    <Layout>
      <Suspense fallback={<Spinner />}>
        <Routes>
          <Route path="/" element={<Discover />} />
          <Route path="/login" element={<Login />} />
          <Route path="/signup" element={<Register />} />
          <Route path="/c/:username" element={<CreatorPage />} />
          <Route path="/p/:id" element={<PostPage />} />
          <Route
            path="/live/:id"
            element={
              <Private>
                <LiveRoom />
              </Private>
            }
          />
          <Route
            path="/feed"
            element={
              <Private>
                <Feed />
              </Private>
            }
          />
          <Route
            path="/compose"
            element={
              <Private roles={['CREATOR']}>
                <Compose />
              </Private>
            }
          />
          <Route
            path="/subscriptions"
            element={
              <Private>
                <Subscriptions />
              </Private>
            }
          />
          <Route
            path="/payments"
            element={
              <Private>
                <Payments />
              </Private>
            }
          />
          <Route
            path="/dashboard"
            element={
              <Private roles={['CREATOR']}>
                <Dashboard />
              </Private>
            }
          />
          <Route
            path="/studio"
            element={
              <Private roles={['CREATOR']}>
                <Studio />
              </Private>
            }
          />
          <Route
            path="/settings"
            element={
              <Private>
                <Settings />
              </Private>
            }
          />
          <Route
            path="/admin"
            element={
              <Private roles={['ADMIN']}>
                <Admin />
              </Private>
            }
          />
          <Route path="*" element={<div className="py-20 text-center text-muted-foreground">Page not found.</div>} />
        </Routes>
      </Suspense>
    </Layout>
  );
}
