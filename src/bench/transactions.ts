/** A schema-valid getTransactionList body with `n` booked transactions. */
export function transactionsBody(n: number): unknown {
  const booked = Array.from({ length: n }, (_, i) => {
    const day = new Date(Date.UTC(2026, 0, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10);
    return {
      transactionId: `tx-${i}`,
      bookingDate: day,
      valueDate: day,
      transactionAmount: { currency: 'EUR', amount: `${i % 2 ? '-' : ''}${(i * 7.31 + 1).toFixed(2)}` },
      ...(i % 2
        ? { creditorName: `Merchant ${i % 50}`, creditorAccount: { iban: 'DE66100200300087654321' } }
        : { debtorName: `Employer ${i % 7}`, debtorAccount: { iban: 'DE07100200300055500077' } }),
      remittanceInformationUnstructured: `Invoice ${i}`,
      bankTransactionCode: 'PMNT-ICDT-STDO',
    };
  });
  return {
    account: { iban: 'DE27100200300012345678' },
    transactions: { booked, _links: { account: { href: '/v1/accounts/acc-1' } } },
  };
}
