# syntax=docker/dockerfile:1
#
# Production image for Shop.Web.
#   docker build -t shop .
#   docker compose up --build        (see docker-compose.yml)
#
# The GraphiQL page (/graphiql/) is built from npm packages by src/Shop.Web/GraphiQL.targets,
# so the build stage needs Node.js + npm. Nothing from npm is committed to the repository.

# ---------------------------------------------------------------------------------------
# SDK + Node.js
# ---------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS sdk
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*

# ---------------------------------------------------------------------------------------
# Restore inputs only: every project/props/targets/solution/npm manifest, with its directory
# layout (projects live in src/*, modules/*, themes/*, tests/*). The output of this stage is
# identical as long as none of those files change, so the restore and npm layers below are
# reused when only source code changes.
# ---------------------------------------------------------------------------------------
FROM sdk AS restore-inputs
WORKDIR /src
COPY . .
RUN find . -type f \
        ! -name '*.csproj' ! -name '*.props' ! -name '*.targets' \
        ! -name '*.sln' ! -name '*.slnx' ! -iname 'nuget.config' ! -name 'global.json' \
        ! -name 'packages.lock.json' ! -name 'package.json' ! -name 'package-lock.json' \
        -delete \
 && find . -mindepth 1 -type d -empty -delete

# ---------------------------------------------------------------------------------------
# Build + publish
# ---------------------------------------------------------------------------------------
FROM sdk AS build
WORKDIR /src
COPY --from=restore-inputs /src ./
RUN dotnet restore src/Shop.Web/Shop.Web.csproj
# Install GraphiQL's npm packages (npm ci from package-lock.json) in a cached layer; the
# publish below finds node_modules up to date and only copies the files into wwwroot.
RUN dotnet msbuild src/Shop.Web/Shop.Web.csproj -nologo -t:GraphiQLNpmInstall

COPY . .
RUN dotnet publish src/Shop.Web/Shop.Web.csproj -c Release -o /app --no-restore -p:UseAppHost=false

# ---------------------------------------------------------------------------------------
# Runtime
# ---------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app

# ASPNETCORE_HTTP_PORTS (8080 in the base image) is cleared so Kestrel does not log an
# "Overriding HTTP_PORTS" warning at startup; ASPNETCORE_URLS is the single source.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS="" \
    Shop__DataPath=/data

# Create /data owned by the non-root app user before declaring the volume, so a fresh
# (named or anonymous) volume inherits that ownership and the app can write to it.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data

# Application files stay root-owned: the app user can read but not modify them.
COPY --from=build /app ./

# `app` user provided by the aspnet image (APP_UID=1654).
USER $APP_UID
EXPOSE 8080

# No HEALTHCHECK: the aspnet image has no curl/wget. Probe the app from the orchestrator
# or load balancer instead.
ENTRYPOINT ["dotnet", "Shop.Web.dll"]
