/** Okta users for the simulator's seed, with ids of Okta's shape (00u + 17 base-62 characters). */
export interface SeedUserShape {
  id: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  password: string;
}

export function oktaUserId(n: number): string {
  return `00u${String(n).padStart(17, '0')}`;
}

export function oktaUserSeed(count: number, from = 1): SeedUserShape[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      id: oktaUserId(n),
      login: `user${n}@example.com`,
      email: `user${n}@example.com`,
      firstName: `User${n}`,
      lastName: 'Example',
      password: `pw-${n}-not-a-secret-we-send`,
    };
  });
}

/** One of the worlds' named people (ada, bob…): Okta login and e-mail `<name>@example.com`. */
export function personSeed(
  name: string,
  id: string,
  firstName: string,
  lastName: string,
  password: string,
): SeedUserShape {
  return { id, login: `${name}@example.com`, email: `${name}@example.com`, firstName, lastName, password };
}
