# FHIR Portal Server: build with the README's Maven command, run on a Java 17 runtime as a non-root user.
#   docker build -t fhir-portal-server .
#   docker run -p 8080:8080 -v fhir-portal-data:/data fhir-portal-server --portal.demo=true
# PostgreSQL: -e SPRING_PROFILES_ACTIVE=postgres -e SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/fhirportal
#             -e SPRING_DATASOURCE_USERNAME=fhirportal -e SPRING_DATASOURCE_PASSWORD=...

# Node 20 (the portal app's Vite build needs 20.19 or newer; Debian's nodejs package is older), taken from the
# official Node image rather than downloaded by the build.
FROM node:20-bookworm-slim AS node

FROM maven:3.9-eclipse-temurin-17 AS build
# The ig and portal-app modules run SUSHI and Vite with node and npm from the PATH.
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && ln -s /usr/local/lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
    && node --version && npm --version
WORKDIR /src
COPY . .
# Same build as the README's run command (tests run in CI, not in the image build).
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system fhir && useradd --system --gid fhir --home-dir /app --shell /usr/sbin/nologin fhir \
    && mkdir -p /app /data && chown fhir:fhir /data \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/hapi-server/target/hapi-server.jar /app/hapi-server.jar
COPY --from=build /src/bin/fhir-portal /app/bin/fhir-portal
# The same start as the README's run command: the jar extracted to /app/app with a class-data-sharing archive,
# made here once by this image's own JVM (a training start on a throw-away database, then the dump).
RUN chown -R fhir:fhir /app
USER fhir
RUN FHIR_PORTAL_JAR=/app/hapi-server.jar FHIR_PORTAL_APP_DIR=/app/app /app/bin/fhir-portal --prepare
VOLUME /data
EXPOSE 8080
# External OpenID Connect issuer mode is configuration only (README, "External OpenID Connect issuer"), e.g.
#   docker run -e SMART_EXTERNAL_ENABLED=true -e SMART_EXTERNAL_ISSUER_URI=... -e SMART_EXTERNAL_JWKS_URI=... \
#     -e SMART_EXTERNAL_AUTHORIZATION_ENDPOINT=... -e SMART_EXTERNAL_TOKEN_ENDPOINT=... -e SMART_EXTERNAL_AUDIENCE=... IMAGE
ENV PORTAL_DATA_DIR=/data \
    FHIR_PORTAL_JAR=/app/hapi-server.jar \
    FHIR_PORTAL_APP_DIR=/app/app \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=4 \
    CMD curl -fsS http://127.0.0.1:8080/actuator/health || exit 1
ENTRYPOINT ["/app/bin/fhir-portal"]
