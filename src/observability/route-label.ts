/**
 * A request's name in metrics and traces. A call answers under several prefixes (/api/v1/,
 * /api/latest/, /): its name is the call's; another route's is its pattern; a path no route
 * matched is `unmatched`, so that a scan of random paths cannot grow the set of names.
 */
export function routeLabel(route: string | undefined, callNames: ReadonlySet<string>): string {
  if (route === undefined) return 'unmatched';
  const last = route.slice(route.lastIndexOf('/') + 1);
  return callNames.has(last) ? last : route;
}
