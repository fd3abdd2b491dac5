/** The few words the adapters add around the panel (the panel's own strings are widget/i18n). */
export const adapterStrings = {
  number: 'WhatsApp number',
  noNumber: 'This customer has no phone number, so there is no WhatsApp conversation to show.',
  someUnusable: (n: number) => `${n} phone field${n === 1 ? '' : 's'} holding no phone number ${n === 1 ? 'is' : 'are'} not shown.`,
  addNote: 'Add to ticket as internal note',
  addingNote: 'Adding…',
  noteAdded: (ticket: string) => `Added to ticket #${ticket} as an internal note.`,
  noteDrafted: 'Added to the note you are writing.',
  noteFailed: 'The conversation could not be added to the ticket.',
  signInFirst: 'Sign in to the panel first.',
};
