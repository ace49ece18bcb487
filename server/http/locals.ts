import type { Express, Request } from 'express';
import type { Role } from '../modules/users/user-repository';
import { noStore } from './security-headers';

type NavigationItem = { text: string; href: string };

function navigationFor(role: Role, showSentEmails: boolean): NavigationItem[] {
  const sentEmails = showSentEmails ? [{ text: 'Sent emails', href: '/emails' }] : [];
  switch (role) {
    case 'admin':
      return [
        { text: 'Home', href: '/admin' },
        { text: 'Users', href: '/admin/users' },
        { text: 'Audit log', href: '/admin/audit' },
        { text: 'Exercises', href: '/exercises' },
        { text: 'Providers', href: '/providers' },
        ...sentEmails,
      ];
    case 'staff':
      return [
        { text: 'Home', href: '/staff' },
        { text: 'Exercises', href: '/exercises' },
        { text: 'Providers', href: '/providers' },
        { text: 'Calendar', href: '/meetings/calendar' },
        ...sentEmails,
      ];
    case 'viewer':
      return [
        { text: 'Home', href: '/viewer' },
        { text: 'Exercises', href: '/exercises' },
        { text: 'Providers', href: '/providers' },
        { text: 'Calendar', href: '/meetings/calendar' },
      ];
    case 'provider':
      return [
        { text: 'Your organisation', href: '/provider' },
        { text: 'Market testing', href: '/provider/exercises' },
        { text: 'Meetings', href: '/provider/meetings' },
      ];
  }
}

/** The item whose href is the longest prefix of the current path is the active one. */
function withActive(items: NavigationItem[], req: Request) {
  const active = items
    .filter((item) => req.path === item.href || req.path.startsWith(`${item.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return items.map((item) => ({ ...item, active: item === active }));
}

export function setUpLocals(app: Express, options: { showSentEmails: boolean }) {
  app.use((req, res, next) => {
    res.locals.currentUser = req.user ? { name: req.user.name, role: req.user.role } : null;
    res.locals.navigation = req.user
      ? withActive(navigationFor(req.user.role, options.showSentEmails), req)
      : [];
    if (req.user) {
      noStore(req, res, next);
      return;
    }
    next();
  });
}
