import { Link, NavLink, useNavigate } from 'react-router-dom';
import { Compass, Home, LayoutDashboard, LogOut, PlusSquare, Radio, Settings, Shield, CreditCard, Heart } from 'lucide-react';
import { useAuth } from '@/store/auth';
import { cn } from '@/lib/utils';
import { Avatar } from '@/components/Avatar';
import { Button } from '@/components/ui/button';
import { Toaster } from '@/components/Toaster';

function Item({ to, icon: Icon, label }: { to: string; icon: typeof Home; label: string }) {
  return (
    <NavLink
      to={to}
      end
      className={({ isActive }) =>
        cn(
          'flex flex-col items-center gap-0.5 rounded-md px-3 py-1.5 text-xs md:flex-row md:gap-2 md:text-sm',
          isActive ? 'text-primary' : 'text-muted-foreground hover:text-foreground',
        )
      }
    >
      <Icon className="h-5 w-5 md:h-4 md:w-4" aria-hidden />
      <span>{label}</span>
    </NavLink>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const items = !user
    ? [{ to: '/', icon: Compass, label: 'Discover' }]
    : [
        { to: '/', icon: Compass, label: 'Discover' },
        { to: '/feed', icon: Home, label: 'Feed' },
        ...(user.role === 'CREATOR'
          ? [
              { to: '/compose', icon: PlusSquare, label: 'Post' },
              { to: '/studio', icon: Radio, label: 'Go live' },
              { to: '/dashboard', icon: LayoutDashboard, label: 'Earnings' },
            ]
          : [
              { to: '/subscriptions', icon: Heart, label: 'Subscriptions' },
              { to: '/payments', icon: CreditCard, label: 'Payments' },
            ]),
        ...(user.role === 'ADMIN' ? [{ to: '/admin', icon: Shield, label: 'Admin' }] : []),
      ];
  return (
    <div className="min-h-screen pb-20 md:pb-0">
      <header className="sticky top-0 z-40 border-b border-border bg-background/85 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4">
          <Link to="/" className="flex items-center gap-2 text-lg font-bold tracking-tight">
            <span className="flex h-7 w-7 items-center justify-center rounded-lg bg-primary text-sm text-white">c</span>
            creatorhub
          </Link>
          <nav className="hidden items-center gap-1 md:flex" aria-label="Main">
            {items.map((i) => (
              <Item key={i.to} {...i} />
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-2">
            {user ? (
              <>
                <Link
                  to={user.role === 'CREATOR' ? `/c/${user.username}` : '/settings'}
                  className="flex items-center gap-2"
                  aria-label="My profile"
                >
                  <Avatar name={user.displayName || user.username} media={user.avatar} size={32} />
                  <span className="hidden text-sm lg:inline" data-testid="whoami">
                    @{user.username}
                  </span>
                </Link>
                <Button variant="ghost" size="icon" asChild>
                  <Link to="/settings" aria-label="Settings">
                    <Settings className="h-4 w-4" />
                  </Link>
                </Button>
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label="Log out"
                  onClick={async () => {
                    await logout();
                    navigate('/');
                  }}
                >
                  <LogOut className="h-4 w-4" />
                </Button>
              </>
            ) : (
              <>
                <Button variant="ghost" asChild>
                  <Link to="/login">Log in</Link>
                </Button>
                <Button asChild>
                  <Link to="/signup">Sign up</Link>
                </Button>
              </>
            )}
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
      <nav
        className="fixed inset-x-0 bottom-0 z-40 flex justify-around border-t border-border bg-background/95 py-1 backdrop-blur md:hidden"
        aria-label="Main (mobile)"
      >
        {items.slice(0, 5).map((i) => (
          <Item key={i.to} {...i} />
        ))}
      </nav>
      <Toaster />
    </div>
  );
}
