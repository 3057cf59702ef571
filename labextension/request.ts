import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/** The REST namespace of the server extension. */
export const NAMESPACE = 'secure-check';

/**
 * Call the server extension REST API (the template's helper).
 *
 * @param endPoint - API REST end point for the extension
 * @param init - Initial values for the request
 * @param settings - Server connection settings (defaults to the page's)
 * @returns The response body interpreted as JSON, or as text when it is not JSON
 */
export async function requestAPI<T>(
  endPoint = '',
  init: RequestInit = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<T> {
  const requestUrl = URLExt.join(settings.baseUrl, NAMESPACE, endPoint);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(requestUrl, init, settings);
  } catch (error) {
    throw new ServerConnection.NetworkError(error as TypeError);
  }
  let data: unknown = await response.text();
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('application/json') && (data as string).length > 0) {
    data = JSON.parse(data as string);
  }
  if (!response.ok) {
    const message = (data as { message?: string })?.message ?? String(data);
    throw new ServerConnection.ResponseError(response, message);
  }
  return data as T;
}
