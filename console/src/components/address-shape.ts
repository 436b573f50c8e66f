/** What an email address looks like at the least: something, @, a domain with a dot. */
export const ADDRESS_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
