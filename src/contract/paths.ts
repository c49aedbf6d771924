// Where the search is served: the API's path (published) and our proxy's, which serves the
// same path under /api. Apart from request.ts, so the page worker does not load its schemas.

export const NONCONFORMITIES_PATH = '/v1/cl/services/cenhub.cl/hub/nonconformities-list';
/** The browser's path to the search: the proxy's mount of the API's path. */
export const PROXY_PATH = `/api${NONCONFORMITIES_PATH}`;
