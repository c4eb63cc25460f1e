/** The API key of every test account and configured test provider; no output may contain it. */
export const TEST_API_KEY = "JOD-e2e7c2de-b0c7-4233-a67e-eb9167b62037";
/** The domain every test account owns. */
export const TEST_DOMAIN = "meet.example.com";
