import { fingerprintApiKey } from "./api-key-fingerprint";
import { parseEmulatorAccount, type EmulatorAccount } from "./options";

/**
 * The emulator's accounts, keyed by API key. This is the only place full keys are kept; every
 * listing shows fingerprints.
 *
 * @example
 * ```ts
 * const book = new AccountBook([{ apiKey: "JOD-1", balance: 5, domains: ["meet.example.com"] }]);
 * book.find("JOD-1")?.balance; // 5
 * ```
 */
export class AccountBook {
  private readonly accounts = new Map<string, EmulatorAccount>();

  constructor(private readonly initialAccounts: readonly EmulatorAccount[]) {
    this.restoreInitial();
  }

  /** The live account for a key (the caller may change its balance), if any. */
  find(apiKey: string): EmulatorAccount | undefined {
    return this.accounts.get(apiKey);
  }

  /**
   * Adds an account, or replaces the balance and domains of the account with the same key.
   * Replacing in place keeps pending refunds pointed at the right account.
   * Returns the account as listings show it.
   */
  add(account: EmulatorAccount): EmulatorAccount {
    const checked = parseEmulatorAccount(account);
    const existing = this.accounts.get(checked.apiKey);
    if (existing) {
      existing.balance = checked.balance;
      existing.domains = checked.domains;
      return redacted(existing);
    }
    this.accounts.set(checked.apiKey, checked);
    return redacted(checked);
  }

  /** Every account, with `apiKey` replaced by its fingerprint. */
  list(): EmulatorAccount[] {
    return [...this.accounts.values()].map(redacted);
  }

  /** The current balance of a key, or `undefined` for an unknown key. */
  balanceOf(apiKey: string): number | undefined {
    return this.accounts.get(apiKey)?.balance;
  }

  /** Forgets every change: only the accounts given at start remain, with their balances. */
  restoreInitial(): void {
    this.accounts.clear();
    for (const account of this.initialAccounts) {
      this.accounts.set(account.apiKey, { ...account, domains: [...account.domains] });
    }
  }
}

/**
 * Tells whether an account has completed the configuration of a domain. Domain names are
 * compared without regard to case, as DNS does.
 *
 * @example
 * ```ts
 * servesDomain({ apiKey: "k", balance: 1, domains: ["Meet.Example.com"] }, "meet.example.com"); // true
 * ```
 */
export function servesDomain(account: EmulatorAccount, domain: string): boolean {
  const wanted = domain.toLowerCase();
  return account.domains.some((configured) => configured.toLowerCase() === wanted);
}

function redacted(account: EmulatorAccount): EmulatorAccount {
  return {
    apiKey: fingerprintApiKey(account.apiKey),
    balance: account.balance,
    domains: [...account.domains],
  };
}
