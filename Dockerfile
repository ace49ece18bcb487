FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
RUN npm run build:css && mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Node itself (not npm) is PID 1's child, so SIGTERM reaches the graceful shutdown.
CMD ["node", "--import", "tsx", "server/main.ts"]
