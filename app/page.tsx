export default function Home() {
  return (
    <main className="mx-auto max-w-2xl p-8">
      <h1 className="text-2xl font-semibold">nextjs-oauth-server</h1>
      <p className="mt-2 text-slate-600">
        An OAuth 2.0 / OpenID Connect authorization server: Amazon Cognito holds the users, Authlete makes every
        protocol decision.
      </p>
    </main>
  );
}
